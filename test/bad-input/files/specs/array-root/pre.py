import cv2
